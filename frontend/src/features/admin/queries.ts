import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type AdminUser = components['schemas']['UserRead'];
export type PlatformRole = components['schemas']['PlatformRole'];
export type Taxonomy = components['schemas']['Taxonomy'];
export type AdminTerm = components['schemas']['TermAdminRead'];
export type Vocabulary = components['schemas']['Vocabulary'];
export type ApiKey = components['schemas']['ApiKeyRead'];
export type ApiKeyCreated = components['schemas']['ApiKeyCreated'];
export type Scope = components['schemas']['Scope'];
export type AuditEntry = components['schemas']['AuditEntry'];
export type ImportJob = components['schemas']['ImportJobSummary'];
export type UserFilters = NonNullable<operations['list_users']['parameters']['query']>;
export type AuditFilters = NonNullable<operations['list_audit_log']['parameters']['query']>;

export const adminKeys = {
  all: ['admin'] as const,
  users: (filters: UserFilters) => [...adminKeys.all, 'users', filters] as const,
  terms: (taxonomy: Taxonomy) => [...adminKeys.all, 'terms', taxonomy] as const,
  vocabulary: () => [...adminKeys.all, 'vocabulary'] as const,
  organizations: () => [...adminKeys.all, 'organizations'] as const,
  apiKeys: (organizationId: string) => [...adminKeys.all, 'api-keys', organizationId] as const,
  audit: (filters: AuditFilters) => [...adminKeys.all, 'audit', filters] as const,
  imports: () => [...adminKeys.all, 'imports'] as const,
};

const PAGE = 20;
const cursorPages = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: { next_cursor?: string | null }) => last.next_cursor ?? undefined,
};

export const usersQuery = (filters: UserFilters) =>
  infiniteQueryOptions({
    queryKey: adminKeys.users(filters),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/admin/users', {
          params: { query: { limit: PAGE, ...filters, cursor: pageParam } },
        }),
      ),
    ...cursorPages,
  });

export const auditQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: adminKeys.audit(filters),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/admin/audit-log', {
          params: { query: { limit: PAGE, ...filters, cursor: pageParam } },
        }),
      ),
    ...cursorPages,
  });

export const importsQuery = () =>
  infiniteQueryOptions({
    queryKey: adminKeys.imports(),
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET('/api/v1/imports', { params: { query: { limit: PAGE, cursor: pageParam } } }),
      ),
    ...cursorPages,
  });

export const termsQuery = (taxonomy: Taxonomy) =>
  queryOptions({
    queryKey: adminKeys.terms(taxonomy),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/catalog/{taxonomy}/all', { params: { path: { taxonomy } } }),
      ),
  });

export const vocabularyQuery = () =>
  queryOptions({
    queryKey: adminKeys.vocabulary(),
    queryFn: async () => unwrap(await api.GET('/api/v1/admin/search/vocabulary')),
  });

/** Verified organisations to pick from (the first hundred, newest first). */
export const organizationsQuery = () =>
  queryOptions({
    queryKey: adminKeys.organizations(),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/admin/organizations', {
          params: { query: { status: 'verified', limit: 100 } },
        }),
      ),
  });

export const apiKeysQuery = (organizationId: string) =>
  queryOptions({
    queryKey: adminKeys.apiKeys(organizationId),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations/{organization_id}/api-keys', {
          params: { path: { organization_id: organizationId } },
        }),
      ),
  });

/** Grants and revokes so that the user ends with exactly ``wanted``. */
export async function setRoles(user: AdminUser, wanted: PlatformRole[]): Promise<void> {
  const path = { user_id: user.id };
  for (const role of wanted.filter((r) => !user.roles.includes(r))) {
    unwrap(await api.POST('/api/v1/admin/users/{user_id}/roles', { params: { path }, body: { role } }));
  }
  for (const role of user.roles.filter((r) => !wanted.includes(r))) {
    unwrap(
      await api.DELETE('/api/v1/admin/users/{user_id}/roles/{role}', {
        params: { path: { ...path, role } },
      }),
    );
  }
}

export async function setActive(userId: string, active: boolean, reason?: string) {
  const path = { user_id: userId };
  return active
    ? unwrap(await api.POST('/api/v1/admin/users/{user_id}/enable', { params: { path } }))
    : unwrap(
        await api.POST('/api/v1/admin/users/{user_id}/disable', {
          params: { path },
          body: { reason: reason ?? '' },
        }),
      );
}
