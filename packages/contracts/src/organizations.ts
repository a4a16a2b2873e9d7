import { z } from "zod";
import { id, isoTime, line, listQuery, LOCALES, queryText, ROLES } from "./common.js";

export const createOrganizationBody = z.strictObject({
  name: line(200),
  kind: z.enum(["department", "partner"]),
});
export type CreateOrganizationBody = z.infer<typeof createOrganizationBody>;

export const organizationSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(["department", "partner"]), createdAt: isoTime });
export type Organization = z.infer<typeof organizationSchema>;

/** Organisations by name; `q` matches any part of the name. Up to 200 a page, 200 by default (the list was once served whole). */
export const listOrganizationsQuery = z.strictObject({
  ...listQuery,
  limit: listQuery.limit.removeDefault().default(200),
  q: queryText(200).optional(),
  kind: z.enum(["department", "partner"]).optional(),
});
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuery>;

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

/** Users by name; `q` matches any part of the name or the e-mail address. */
export const listUsersQuery = z.strictObject({ ...listQuery, organizationId: id.optional(), q: queryText(200).optional(), active: z.enum(["true", "false"]).optional() });
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

/**
 * What the caller may do to a user now: change their name, language and time zone
 * (`user.update`), their role or organisation (`user.change_role`), deactivate or reactivate them
 * (`user.set_active`). Admins may, except change their own role or deactivate themselves.
 */
export const USER_ABILITIES = ["user.update", "user.change_role", "user.set_active"] as const;
export type UserAbility = (typeof USER_ABILITIES)[number];

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organizationId: z.string(),
  organizationName: z.string().optional(),
  locale: z.string(),
  timeZone: z.string(),
  active: z.boolean(),
  createdAt: isoTime,
  abilities: z.array(z.enum(USER_ABILITIES)),
});
export type User = z.infer<typeof userSchema>;

export const loginBody = z.strictObject({
  email: line(254),
  password: z.string().min(1).max(200),
});

export const loginResultSchema = z.object({ token: z.string(), csrfToken: z.string(), user: userSchema });
export type LoginResult = z.infer<typeof loginResultSchema>;

export const createTokenBody = z.strictObject({
  name: line(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** What the caller may do to a token now: revoke it (their own, not yet revoked). */
export const TOKEN_ABILITIES = ["token.revoke"] as const;
export type TokenAbility = (typeof TOKEN_ABILITIES)[number];

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["session", "api"]),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  /** Only in the answer to its creation. */
  token: z.string().optional(),
  abilities: z.array(z.enum(TOKEN_ABILITIES)),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
