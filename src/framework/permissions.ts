import { PermissionFlagsBits } from "discord-api-types/v10";
import { z } from "zod";
import type { Actor } from "./command.js";

/** Server managers: Manage Server, or Administrator (which implies it). */
export const MANAGE_SERVER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

/** What a command definition sends as `default_member_permissions` so only server managers see it. */
export const MANAGE_SERVER_DEFAULT = PermissionFlagsBits.ManageGuild.toString();

/** Discord's decimal permission bitfield. */
const Bitfield = z
  .string()
  .regex(/^\d{1,40}$/)
  .transform((bits) => BigInt(bits));

/**
 * Whether the member may manage this server. Discord hides such commands from others
 * (default_member_permissions), but a server can override that and a forged request can claim anything,
 * so handlers check again. Outside a server, or without the member's permissions, nobody may.
 */
export function canManageServer(request: Pick<Actor, "guildId" | "memberPermissions">): boolean {
  if (!request.guildId) return false;
  const bits = Bitfield.safeParse(request.memberPermissions);
  return bits.success && (bits.data & MANAGE_SERVER) !== 0n;
}
