// The list of keyboard shortcuts (`?`), loaded only when asked for. A modal dialog: Escape or
// Close shuts it and the browser returns the focus to where it was.
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n';
import { shortcutsAr } from '../../i18n/shortcuts-ar';
import { shortcutsEn } from '../../i18n/shortcuts-en';
import './mobile.css';

export default function ShortcutsHelp({ onClose }: { onClose(): void }) {
  // The list's strings travel with this lazy chunk, not in the first load.
  const { lang } = useI18n();
  const s = lang === 'ar' ? shortcutsAr : shortcutsEn;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts-help" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{s.title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{s.keyHeader}</th>
            <th scope="col">{s.actionHeader}</th>
          </tr>
        </thead>
        <tbody>
          {s.list.map(([keys, action]) => (
            <tr key={keys}>
              <td>
                {keys.split(' ').map((k, i) => (
                  <span key={k + i}>
                    {i > 0 && ` ${s.then} `}
                    <kbd dir="ltr">{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="secondary" autoFocus onClick={() => dialog.current?.close()}>
          {s.close}
        </button>
      </div>
    </dialog>
  );
}
