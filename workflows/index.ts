export * from './smoke-workflow';
