// Image attachments: uploaded as soon as they are picked (POST /api/v2/media), previewed from
// the local file, each with an alt text that is saved (PUT /api/v1/media/:id) before posting.
import { useRef, useState } from 'react';
import { api } from '../api/client';
import type { MediaAttachment } from '../api/types';
import { useI18n } from '../i18n';
import { Icon } from './Icon';
import { AltReminder } from './people/AltReminder';

export interface Attachment {
  localId: string;
  preview: string;
  description: string;
  media?: MediaAttachment;
}

export async function describeAll(list: Attachment[]): Promise<void> {
  await Promise.all(
    list
      .filter((a) => a.media && a.description !== (a.media.description ?? ''))
      .map((a) => api(`/api/v1/media/${a.media!.id}`, { method: 'PUT', body: { description: a.description } })),
  );
}

interface Props {
  attachments: Attachment[];
  onChange(next: Attachment[]): void;
  max: number;
}

export function AttachmentPicker({ attachments, onChange, max }: Props) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(attachments);
  latest.current = attachments;
  const set = (next: Attachment[]) => {
    latest.current = next;
    onChange(next);
  };

  const add = async (files: FileList | null) => {
    setError(null);
    for (const file of Array.from(files ?? []).slice(0, max - latest.current.length)) {
      const localId = crypto.randomUUID?.() ?? String(Math.random());
      set([...latest.current, { localId, preview: URL.createObjectURL(file), description: '' }]);
      const form = new FormData();
      form.append('file', file);
      try {
        const media = await api<MediaAttachment>('/api/v2/media', { method: 'POST', body: form });
        set(latest.current.map((a) => (a.localId === localId ? { ...a, media } : a)));
      } catch {
        setError(t.compose.uploadFailed);
        set(latest.current.filter((a) => a.localId !== localId));
      }
    }
    if (input.current) input.current.value = '';
  };

  return (
    <div className="attachments">
      {attachments.length > 0 && (
        <ul className="attachment-list">
          {attachments.map((a) => (
            <li key={a.localId} className="attachment">
              <img src={a.preview} alt="" />
              {!a.media && <span className="uploading">{t.compose.uploading}</span>}
              <label>
                <span className="visually-hidden">{t.compose.altText}</span>
                <input
                  type="text"
                  dir="auto"
                  placeholder={t.compose.altText}
                  value={a.description}
                  maxLength={1500}
                  onChange={(e) => set(latest.current.map((x) => (x.localId === a.localId ? { ...x, description: e.target.value } : x)))}
                />
              </label>
              {a.media && !a.description.trim() && <AltReminder />}
              <button type="button" className="secondary" onClick={() => set(latest.current.filter((x) => x.localId !== a.localId))}>
                {t.compose.removeImage}
              </button>
            </li>
          ))}
        </ul>
      )}
      {attachments.length < max && (
        <label className="add-image">
          <Icon name="image" /> {t.compose.addImage}
          <input ref={input} type="file" accept="image/jpeg,image/png,image/webp,image/gif" multiple className="visually-hidden" onChange={(e) => void add(e.target.files)} />
        </label>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
