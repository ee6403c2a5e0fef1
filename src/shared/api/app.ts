import { z } from 'zod';
import { channel } from './channel';

export interface OpenFolderReply {
  /** Absolute path of the chosen folder, or null when the user cancelled the dialog. */
  path: string | null;
}

/**
 * Operations of the host application itself rather than the engine. The Electron host answers
 * `dialog.openFolder` with a native dialog; every other host (serve, CLI) answers 'unavailable'
 * and the UI falls back to a typed folder path.
 */
export const appApi = {
  'dialog.openFolder': channel<OpenFolderReply>()(
    z.object({ title: z.string().max(200).optional() }).strict(),
  ),
};
