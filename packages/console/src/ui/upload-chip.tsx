import { formatBytes } from '@parley/protocol';
import type { UploadItem } from '../state/uploads';
import { useApp, useT } from './context';

export function UploadChip({ item, onRemove }: { item: UploadItem; onRemove(): void }) {
  const { i18n } = useApp();
  const t = useT();
  return (
    <li class={`upload upload-${item.status}`}>
      <span class="file-name">{item.name}</span>
      <span class="file-size">{formatBytes(item.size, i18n.locale.value)}</span>
      {item.status === 'uploading' && (
        <progress max={1} value={item.progress} aria-label={t('composer.uploading', { name: item.name })}>
          {Math.round(item.progress * 100)}%
        </progress>
      )}
      {item.status === 'error' && (
        <span class="error small" role="alert">
          {item.error}
        </span>
      )}
      <button type="button" class="tag-remove" aria-label={t('composer.removeFile', { name: item.name })} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
