import type { Me } from './auth/useAuth';

/** What the signed-in user may do, in one place (ant-design-pro's access map). */
export function access(me: Me | undefined) {
  const roles = me?.roles ?? [];
  return {
    signedIn: !!me,
    canReview: roles.includes('reviewer') || roles.includes('admin'),
    canAdmin: roles.includes('admin'),
    hasOrganization: !!me?.organization_id,
    orgVerified: me?.organization?.status === 'verified',
    owns: (organizationId: string) => !!me?.organization_id && me.organization_id === organizationId,
  };
}
