// Runs sandboxed before the page, in its own JS world. Exposes one function per contract
// operation (generated from channelNames, so nothing else is reachable), the event stream and
// dropped-file paths. ipcRenderer itself never crosses the bridge.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channelNames } from '../shared/api';
import type { OperationFunctions, VitStudioBridge } from '../shared/api/bridge';
import type { EngineEvent } from '../shared/types';

const operations = Object.fromEntries(
  channelNames.map((name) => [name, (request: unknown) => ipcRenderer.invoke(name, request ?? {})]),
) as unknown as OperationFunctions;

const bridge: VitStudioBridge = {
  ...operations,
  host: 'electron',
  onEvent(listener) {
    const forward = (_event: Electron.IpcRendererEvent, payload: EngineEvent) => listener(payload);
    ipcRenderer.on('engine-event', forward);
    return () => {
      ipcRenderer.removeListener('engine-event', forward);
    };
  },
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
};

contextBridge.exposeInMainWorld('vitStudio', bridge);
