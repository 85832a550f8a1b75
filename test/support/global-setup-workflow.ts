/*
 * The workflow project's globalSetup (the store only). A module of its own on purpose: jest calls
 * each distinct globalSetup module once per run, with the config of the first project that names
 * it — so if all projects shared one path, a run whose first test is a workflow test would never
 * start the Temporal dev server the integration and e2e projects need.
 */
export { default } from './global-setup';
