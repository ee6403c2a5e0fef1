// The environment as huggingface_hub reads it (constants.py, utils/_auth.py): where the cache and
// the token file are, which token is sent, whether we are offline.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPath, hfToken, hubCacheDir, hubOffline, tokenPath } from '../../../src/main/model/hub-env';
import { tmpDir } from '../../helpers/make-images';

const home = os.homedir();
const dir = tmpDir('vit-hub-env-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hub environment, as huggingface_hub reads it', () => {
  it('expands ~ and $VAR / ${VAR} like os.path.expandvars(os.path.expanduser(...)); unknown variables stay', () => {
    const env = { ROOT: '/srv/models', EMPTY: '' };
    expect(expandPath('~/hf', env)).toBe(path.join(home, 'hf'));
    expect(expandPath('~', env)).toBe(home);
    expect(expandPath('$ROOT/hf', env)).toBe('/srv/models/hf');
    expect(expandPath('${ROOT}/hf', env)).toBe('/srv/models/hf');
    expect(expandPath('$NOPE/hf', env)).toBe('$NOPE/hf');
    expect(expandPath('$EMPTY/hf', env)).toBe('/hf');
    expect(expandPath('/a~b/$', env)).toBe('/a~b/$');
  });

  it('finds the cache: HF_HUB_CACHE, then the legacy HUGGINGFACE_HUB_CACHE, then HF_HOME/hub, then XDG/~', () => {
    expect(hubCacheDir({ HF_HUB_CACHE: '/a', HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c' })).toBe('/a');
    expect(hubCacheDir({ HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c' })).toBe('/b');
    expect(hubCacheDir({ HF_HOME: '/c' })).toBe(path.join('/c', 'hub'));
    expect(hubCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(path.join('/x', 'huggingface', 'hub'));
    expect(hubCacheDir({})).toBe(path.join(home, '.cache', 'huggingface', 'hub'));
    expect(hubCacheDir({ HF_HOME: '~/hf' })).toBe(path.join(home, 'hf', 'hub'));
    expect(hubCacheDir({ HF_HUB_CACHE: '$ROOT/cache', ROOT: '/srv' })).toBe('/srv/cache');
    expect(hubCacheDir({ HUGGINGFACE_HUB_CACHE: '~/legacy' })).toBe(path.join(home, 'legacy'));
  });

  it('is offline with HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE set to 1/ON/YES/TRUE (any case)', () => {
    expect(hubOffline({ HF_HUB_OFFLINE: '1' })).toBe(true);
    expect(hubOffline({ TRANSFORMERS_OFFLINE: '1' })).toBe(true);
    expect(hubOffline({ HF_HUB_OFFLINE: 'yes' })).toBe(true);
    expect(hubOffline({ TRANSFORMERS_OFFLINE: 'On' })).toBe(true);
    expect(hubOffline({ HF_HUB_OFFLINE: '0' })).toBe(false);
    expect(hubOffline({})).toBe(false);
  });

  it('takes the token from HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the token file at HF_TOKEN_PATH or HF_HOME/token', () => {
    const hfHome = path.join(dir, 'home');
    fs.mkdirSync(hfHome, { recursive: true });
    fs.writeFileSync(path.join(hfHome, 'token'), 'hf_from_file\n');
    const other = path.join(dir, 'other-token');
    fs.writeFileSync(other, '  hf_from_token_path \r\n');
    expect(tokenPath({ HF_HOME: hfHome })).toBe(path.join(hfHome, 'token'));
    expect(hfToken({ HF_HOME: hfHome })).toBe('hf_from_file');
    expect(hfToken({ HF_HOME: hfHome, HF_TOKEN_PATH: other })).toBe('hf_from_token_path');
    expect(hfToken({ HF_HOME: hfHome, HUGGING_FACE_HUB_TOKEN: 'hf_legacy' })).toBe('hf_legacy');
    expect(hfToken({ HF_HOME: hfHome, HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' })).toBe('hf_env');
    // An empty or blank variable is no token (Python's _clean_token): the file is used.
    expect(hfToken({ HF_HOME: hfHome, HF_TOKEN: ' \n' })).toBe('hf_from_file');
    expect(hfToken({ HF_HOME: path.join(dir, 'nowhere') })).toBeNull();
    // HF_HUB_DISABLE_IMPLICIT_TOKEN: no token unless one is given explicitly (env counts as implicit).
    expect(hfToken({ HF_HOME: hfHome, HF_TOKEN: 'hf_env', HF_HUB_DISABLE_IMPLICIT_TOKEN: '1' })).toBeNull();
  });
});
