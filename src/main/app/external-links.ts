/**
 * Sites the app may open in the user's browser (documentation the UI links to). `window.open` and links with
 * target=_blank land here; anything else is refused, so a compromised or confused page cannot hand arbitrary
 * URLs (custom schemes, file:, phishing pages) to the OS.
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'docs.ultralytics.com',
  'onnxruntime.ai',
  'onnx.ai',
  'docs.nvidia.com',
  'developer.nvidia.com',
  'www.hiascend.com',
  'www.rock-chips.com',
]);

/** https only, default port, no credentials, and a host on the list. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    EXTERNAL_LINK_HOSTS.has(url.hostname)
  );
}
