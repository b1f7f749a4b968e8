import { describe, expect, it } from 'vitest';
import { isHashedPath } from './static';

describe('isHashedPath', () => {
  it.each([
    '/chunk-abc123.js',
    '/widget.3f9a1c2e.js',
    '/console/chunks/chunk-B4x9_k2Q.js',
    '/chunk-abc123.js.map',
    '/style-9f8e7d6c.css',
    // The widget's embed: plain names in a folder named by the build's hash.
    '/widget/3f9a1c2e07/chat.js',
    '/widget/3f9a1c2e07/loader.js.map',
  ])('%s is immutable', (n) => {
    expect(isHashedPath(n)).toBe(true);
  });
  it.each([
    '/widget.js',
    '/multiwidget.js',
    '/widget-esm.js',
    '/console-helpers.js',
    '/index.html',
    '/widget.js.map',
    '/multiwidget/panel.js',
    // Not 10 hex digits, or the hash is a file's, not its folder's.
    '/widget/3f9a1c2e0/chat.js',
    '/widget/3f9a1c2e07x/chat.js',
    '/widget/3f9a1c2e07',
  ])('%s is not', (n) => {
    expect(isHashedPath(n)).toBe(false);
  });
});
