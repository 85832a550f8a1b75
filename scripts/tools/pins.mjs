// The pinned version of each local service; a change here rebuilds that tool on the next
// `npm run setup` (the recipes in this folder record the pins in .tools/stamps/).

// Later CLI modules carry a replace directive in go.mod, which `go install module@version` refuses.
export const TEMPORAL_CLI_VERSION = '1.5.1';
// FerretDB 1.x is the line with the SQLite backend (2.x needs PostgreSQL with DocumentDB).
export const FERRETDB_VERSION = '1.24.0';
// Newest io.temporal:temporal-test-server that resolves from Maven Central here.
export const TEST_SERVER_VERSION = '1.39.0';
