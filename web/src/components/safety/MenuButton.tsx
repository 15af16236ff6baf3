// A "⋯" button that opens a list of actions (the WAI-ARIA menu button pattern): arrow keys move
// between items, Escape closes and gives the focus back to the button, a click outside closes.
// The list hangs from the button's end edge (right in English, left in Arabic), so a menu at
// the end of a post's row stays inside the post.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  key: string;
  label: ReactNode;
  onSelect(): void;
  danger?: boolean;
}

interface Props {
  label: string;
  className?: string;
  /** Called as the menu opens, e.g. to load the relationship the items depend on. */
  onOpen?(): void;
  /** null while the items are loading. */
  items: MenuItem[] | null;
  loadingText: string;
}

export function MenuButton({ label, className, onOpen, items, loadingText }: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!list.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  // The first item takes the focus when the menu opens (or when its items arrive).
  useEffect(() => {
    if (open) list.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
  }, [open, items !== null]);

  const focusItem = (step: number) => {
    const entries = [...(list.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    entries[(at + step + entries.length) % entries.length]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') button.current?.focus();
    } else if (e.key === 'ArrowDown') focusItem(1);
    else if (e.key === 'ArrowUp') focusItem(-1);
    else if (e.key === 'Home') focusItem(-9999);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <div className={`menu-button ${className ?? ''}`}>
      <button
        ref={button}
        type="button"
        className="secondary menu-toggle"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        title={label}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul ref={list} id={id} role="menu" aria-label={label} className="menu" onKeyDown={onKeyDown}>
          {items === null && (
            <li role="none" className="muted menu-loading">
              {loadingText}
            </li>
          )}
          {items?.map((item) => (
            <li role="none" key={item.key}>
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={item.danger ? 'menu-item danger-text' : 'menu-item'}
                data-action={item.key}
                onClick={() => {
                  setOpen(false);
                  button.current?.focus();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
