import { z } from 'zod';

export const roles = ['officer', 'escort', 'supervisor'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Who may call a command: anyone (login screen), any signed-in user, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export function allows(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'authenticated') return true;
  return access.includes(role);
}
