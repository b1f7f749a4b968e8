/**
 * @parley/protocol: the wire format v1 and every rule the widget, server and console share.
 * Pure TypeScript: no DOM, no Node. See ARCHITECTURE.md.
 */
export * from './limits';
export * from './locales';
export * from './errors';
export * from './ids';
export * from './device';
export * from './identity';
export * from './entities';
export * from './visitor-events';
export * from './calls';
export * from './call-prefix';
export * from './multiwidget';
export * from './offline-form';
export * from './prechat';
export * from './availability';
export * from './links';
export * from './routes';
export * from './backoff';
export * from './channels';
export * from './webhooks';
export * from './stats';
export * from './requests';
export * from './visitor-requests';
export * from './help';
export * from './help-path';
export * from './help-files';
export * from './demo';
export * from './rules/index';
export * from './frames/types';
export * from './frames/client';
export * from './frames/server';
export * from './frames/parse';
export * from './operator/entities';
export * from './operator/requests';
export * from './operator/frames';
export * from './operator/responses';
export * from './visitor-names';
export * from './texts/widget-texts';
export * from './texts/multiwidget-texts';
export * from './texts/text-ids';
