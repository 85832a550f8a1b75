export * from './phases';
export * from './tasks';
export * from './payloads';
export * from './deadlines';
export * from './input';
export * from './state';
export * from './rules';
export * from './notices';
