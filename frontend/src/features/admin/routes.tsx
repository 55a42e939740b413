import type { RouteObject } from 'react-router-dom';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { AuditLogPage } from './pages/AuditLogPage';
import { ImportsPage } from './pages/ImportsPage';
import { TaxonomiesPage } from './pages/TaxonomiesPage';
import { UsersPage } from './pages/UsersPage';
import { VocabularyPage } from './pages/VocabularyPage';
import { WebhooksPage } from '../webhooks/pages/WebhooksPage';

/** The admin console's pages, under /admin (guarded by the router for the admin role). */
export const adminRoutes: RouteObject[] = [
  { path: 'users', element: <UsersPage /> },
  { path: 'taxonomies', element: <TaxonomiesPage /> },
  { path: 'vocabulary', element: <VocabularyPage /> },
  { path: 'api-keys', element: <ApiKeysPage /> },
  { path: 'audit-log', element: <AuditLogPage /> },
  { path: 'imports', element: <ImportsPage /> },
  { path: 'webhooks', element: <WebhooksPage /> },
];
