import { API_VERSION } from './version';

/** The OpenAPI 3 description of the HTTP surface, served without authentication. */
export function openApiDocument() {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Veilig Thuis case-workflow API',
      version: API_VERSION,
      description: 'Reports, tasks and supervision for a Veilig Thuis organisation.',
      contact: { name: 'Veilig Thuis case-workflow maintainers', url: 'https://example.org/veilig-thuis' },
    },
    servers: [{ url: '/' }],
    paths: {
      '/health/live': { get: { operationId: 'getLiveness', summary: 'The process is up.', responses: { '200': { description: 'Up.' } } } },
      '/health/ready': {
        get: {
          operationId: 'getReadiness',
          summary: 'Temporal and the case store are reachable.',
          responses: { '200': { description: 'Ready.' }, '503': { description: 'A dependency is down.' } },
        },
      },
    },
  };
}
