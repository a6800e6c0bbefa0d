import { useEffect, useState } from 'react';

/**
 * A parsed `#/page/param?query` location; hash routing works the same from file:// (Electron) and http:// (browser
 * mode).
 */
export interface Route {
  page: string;
  param: string | null;
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = raw.split('?');
  const [page = '', param = null] = pathPart.split('/').filter(Boolean);
  return { page: page || 'runs', param, query: new URLSearchParams(queryPart) };
}

export function href(page: string, param?: string | number | null, query?: Record<string, string>): string {
  const q = query ? new URLSearchParams(query).toString() : '';
  return `#/${page}${param !== undefined && param !== null ? `/${param}` : ''}${q ? `?${q}` : ''}`;
}

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
