/** `per_page` and `page` as GitHub reads them, and the `link` header it writes. */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page {
  perPage: number;
  page: number;
}

/** A whole number ≥ 1, else undefined (GitHub ignores a `per_page` or `page` it cannot read). */
function positive(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}

export function pageOf(params: URLSearchParams): Page {
  return {
    perPage: Math.min(positive(params.get('per_page')) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE),
    page: positive(params.get('page')) ?? 1,
  };
}

/**
 * GitHub's `link` header for `page` of `total` items: `prev`, `next`, `last`, `first` in that order,
 * each absolute, keeping the request's other parameters and putting `page` last. None for one page.
 */
export function linkHeader(base: string, params: URLSearchParams, { perPage, page }: Page, total: number) {
  const last = Math.max(1, Math.ceil(total / perPage));
  const at = (n: number): string => {
    const query = new URLSearchParams(params);
    query.delete('page');
    query.append('page', String(n));
    return `<${base}?${query.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.length > 0 ? links.join(', ') : undefined;
}
