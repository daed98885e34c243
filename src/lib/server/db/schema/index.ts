export * from './org';
export * from './auth';
export * from './events';
export * from './crm';
export * from './catalog';
export * from './warranty';
export * from './jobs';
export * from './service';
