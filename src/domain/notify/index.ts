// Pure notification rules: safe channel choice, send window (quiet hours), digest schedule.
// Deterministic and free of Node imports: the notice-delivery and digest workflows use them.
export * from './contact';
export * from './quiet-hours';
export * from './digest';
export * from './messages';
export * from './contact-household-task';
export * from './notification-delivery';
export * from './implied-notifications';
