/**
 * Whether the import panel is open, and its code: loaded when the panel is first opened, since it
 * brings every file format.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import type { ImportPanel as ImportPanelType } from './ImportPanel';
import { errorMessage } from '@/lib/text/error-message';

type PanelComponent = ComponentType<Parameters<typeof ImportPanelType>[0]>;

export interface ImportPanelState {
  open: boolean;
  /** The panel's component, once loaded. */
  Panel: PanelComponent | null;
  toggle: () => void;
  close: () => void;
}

export function useImportPanel(startOpen: boolean, onError: (message: string) => void): ImportPanelState {
  const [open, setOpen] = useState(false);
  const [Panel, setPanel] = useState<PanelComponent | null>(null);

  const toggle = () => {
    if (!Panel) {
      void import('./ImportPanel')
        .then((module) => setPanel(() => module.ImportPanel))
        .catch((reason: unknown) => onError(errorMessage(reason)));
    }
    setOpen((was) => !was);
  };
  useEffect(() => {
    if (startOpen) toggle();
    // Once, on opening: the flag says how the page was opened.
  }, []);

  return { open, Panel, toggle, close: () => setOpen(false) };
}
