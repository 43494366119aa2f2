/**
 * Who may do what. The department's `admin` does everything everywhere; a `province` account
 * (one provincial office) works on its own province's institutions only; an `analyst` reads
 * everything and changes nothing; a `viewer` reads the dashboards without personal data.
 */
export const ROLES = ['admin', 'province', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  /** Send rosters (web form, API). */
  | 'upload'
  /** Read submissions' reports and annotated workbooks (personal data masked for viewers). */
  | 'read'
  /** See national IDs and names unmasked. */
  | 'personal-data'
  /** Answer duplicates (decisions, not-same marks). */
  | 'decide'
  /** Run queries on the published snapshot (the analyst page). */
  | 'query'
  /** Start duplicate detection, manage users, rounds, windows and exceptions; read the audit log. */
  | 'administer';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['upload', 'read', 'personal-data', 'decide', 'query', 'administer'],
  province: ['upload', 'read', 'personal-data', 'decide'],
  analyst: ['read', 'personal-data', 'query'],
  viewer: ['read'],
};

/** The signed-in principal, from a session or an API token. */
export interface Principal {
  readonly username: string;
  readonly role: Role;
  /** The one province a `province` account may see; null for everyone else (all provinces). */
  readonly provinceCode: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(principal: Principal, permission: Permission): boolean {
  return GRANTS[principal.role].includes(permission);
}

/**
 * Whether the principal may see data of an institution in `provinceCode`. Province accounts see
 * their own province only; data whose province is unknown (null) is the department's.
 */
export function canSeeProvince(principal: Principal, provinceCode: string | null): boolean {
  if (principal.role !== 'province') return true;
  return provinceCode !== null && provinceCode === principal.provinceCode;
}
