export * from './org';
export * from './auth';
export * from './events';
export * from './crm';
export * from './catalog';
