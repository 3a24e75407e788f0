export * from './business-calendar';
