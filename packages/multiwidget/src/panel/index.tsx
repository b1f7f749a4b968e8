/** Entry of the lazily loaded controller chunk (dist/multiwidget/panel.js). */
export { createController } from './controller';
