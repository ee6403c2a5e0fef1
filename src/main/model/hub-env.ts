// The environment as huggingface_hub reads it (constants.py, utils/_auth.py), so the app and
// Python find the same cache, the same token and agree on being offline:
//
//   hubCacheDir(env)  HF_HUB_CACHE, else the legacy HUGGINGFACE_HUB_CACHE, else HF_HOME/hub, else
//                     $XDG_CACHE_HOME|~/.cache + /huggingface/hub; each with ~ and $VAR expanded
//   tokenPath(env)    HF_TOKEN_PATH, else HF_HOME/token (what `hf auth login` writes)
//   hfToken(env)      HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the token file; none when
//                     HF_HUB_DISABLE_IMPLICIT_TOKEN is set
//   hubOffline(env)   HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is 1/ON/YES/TRUE
//   hubEndpoint(env)  HF_ENDPOINT, default https://huggingface.co
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Env = NodeJS.ProcessEnv | Record<string, string | undefined>;

/** Python's `_is_true`: 1, ON, YES, TRUE in any case. */
const isTrue = (v: string | undefined) => ['1', 'ON', 'YES', 'TRUE'].includes((v ?? '').toUpperCase());

/**
 * os.path.expandvars(os.path.expanduser(p)): a leading ~ is the home folder; $NAME and ${NAME} are
 * replaced when the variable is set (empty included) and left as they are when it is not.
 */
export function expandPath(p: string, env: Env = process.env): string {
  const home = p === '~' || p.startsWith('~/') || p.startsWith(`~${path.sep}`) ? os.homedir() + p.slice(1) : p;
  return home.replace(/\$(\w+)|\$\{([^}]*)\}/g, (whole, bare: string | undefined, braced: string | undefined) => {
    const value = env[(bare ?? braced)!];
    return value === undefined ? whole : value;
  });
}

function hfHome(env: Env): string {
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return expandPath(env.HF_HOME || path.join(xdg, 'huggingface'), env);
}

export function hubCacheDir(env: Env = process.env): string {
  const chosen = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE;
  return chosen ? expandPath(chosen, env) : path.join(hfHome(env), 'hub');
}

export function tokenPath(env: Env = process.env): string {
  return env.HF_TOKEN_PATH ? expandPath(env.HF_TOKEN_PATH, env) : path.join(hfHome(env), 'token');
}

/** Python's `_clean_token`: no CR/LF, trimmed; empty is no token. */
const clean = (t: string | undefined) => t?.replace(/[\r\n]/g, '').trim() || null;

/** The token to send to the hub, in huggingface_hub's order of precedence, or null. */
export function hfToken(env: Env = process.env): string | null {
  if (isTrue(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return null;
  const fromEnv = clean(env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN);
  if (fromEnv) return fromEnv;
  try {
    const file = tokenPath(env);
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size < 64 * 1024 ? clean(fs.readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

export function hubOffline(env: Env = process.env): boolean {
  return isTrue(env.HF_HUB_OFFLINE) || isTrue(env.TRANSFORMERS_OFFLINE);
}

export function hubEndpoint(env: Env = process.env): string {
  return (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}
