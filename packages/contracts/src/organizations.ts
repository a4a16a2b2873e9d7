import { z } from "zod";
import { id, line, listQuery, LOCALES, ROLES } from "./common.js";

export const createOrganizationBody = z.strictObject({
  name: line(200),
  kind: z.enum(["department", "partner"]),
});
export type CreateOrganizationBody = z.infer<typeof createOrganizationBody>;

export interface Organization {
  id: string;
  name: string;
  kind: "department" | "partner";
  createdAt: string;
}

export const createUserBody = z.strictObject({
  email: z.email({ message: "must be an e-mail address" }).max(254),
  name: line(200),
  password: z.string().min(8, "must be at least 8 characters").max(200),
  role: z.enum(ROLES),
  organizationId: id,
  locale: z.enum(LOCALES).optional(),
  timeZone: line(64).optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  name: line(200).optional(),
  role: z.enum(ROLES).optional(),
  organizationId: id.optional(),
  active: z.boolean().optional(),
  locale: z.enum(LOCALES).optional(),
  timeZone: line(64).optional(),
  password: z.string().min(8, "must be at least 8 characters").max(200).optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const updateMeBody = z.strictObject({
  locale: z.enum(LOCALES).optional(),
  timeZone: line(64).optional(),
});

export const listUsersQuery = z.strictObject({ ...listQuery, organizationId: id.optional() });

export interface User {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  organizationId: string;
  organizationName?: string;
  locale: string;
  timeZone: string;
  active: boolean;
  createdAt: string;
}

export const loginBody = z.strictObject({
  email: line(254),
  password: z.string().min(1).max(200),
});

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: User;
}

export const createTokenBody = z.strictObject({
  name: line(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export interface ApiToken {
  id: string;
  name: string;
  kind: "session" | "api";
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Only in the answer to its creation. */
  token?: string;
}
