// The intake's routes: which path is which, and which methods each one answers. Path segments
// are percent-decoded one by one, so an encoded `/` can never split or join segments.

export type Route =
  | { name: 'intake'; projectId: string }
  | { name: 'run'; runId: string }
  | { name: 'stats' }
  | { name: 'faults' }
  | { name: 'attempts' }
  | { name: 'unknown' }
  | { name: 'bad-path'; message: string };

/** The endpoint as the client's setting names it (SPEC §7.2). */
export const INTAKE_PATH_TEMPLATE = '/v1/projects/{project_id}/execution-requests';

export const ALLOWED_METHODS: Record<Route['name'], readonly string[]> = {
  intake: ['POST'],
  run: ['GET'],
  stats: ['GET'],
  faults: ['GET', 'POST'],
  attempts: ['GET'],
  unknown: [],
  'bad-path': [],
};

/** The path of a request target, without its query. */
export function pathOf(target: string): string {
  const query = target.search(/[?#]/);
  return query < 0 ? target : target.slice(0, query);
}

export function parseRoute(target: string): Route {
  const raw = pathOf(target);
  if (!raw.startsWith('/')) return { name: 'unknown' };
  let segments: string[];
  try {
    segments = raw
      .slice(1)
      .split('/')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return { name: 'bad-path', message: `The path ${JSON.stringify(raw.slice(0, 200))} has a malformed percent-encoding.` };
  }
  const [v1, area, id, leaf, ...rest] = segments;
  if (v1 !== 'v1') return { name: 'unknown' };
  if (area === 'projects' && id && leaf === 'execution-requests' && rest.length === 0) return { name: 'intake', projectId: id };
  if (area === 'runs' && id && leaf === undefined) return { name: 'run', runId: id };
  if (area === '_dev' && leaf === undefined) {
    if (id === 'stats') return { name: 'stats' };
    if (id === 'faults') return { name: 'faults' };
    if (id === 'attempts') return { name: 'attempts' };
  }
  return { name: 'unknown' };
}
