export * from './page-filter';
export * from './device-filter';
export * from './schedule';
export * from './attachments';
