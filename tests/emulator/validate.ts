/**
 * A subset of Discord's request validation, answering like Discord does (400, code 50035
 * "Invalid Form Body" with a nested `errors` object, or 50006 for an empty message), so that tests catch
 * payloads the real API would reject: over-long content, too many embeds/fields, bad command names...
 */
import type { Json, JsonObject } from "./types.js";

export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

export interface DiscordError {
  status: number;
  body: JsonObject;
}

export function apiError(status: number, code: number, message: string): DiscordError {
  return { status, body: { message, code } };
}

export function formError(errors: FieldError[], prefix: (string | number)[] = []): DiscordError {
  const root: JsonObject = {};
  for (const error of errors) {
    let node = root;
    for (const key of [...prefix, ...error.path]) {
      const k = String(key);
      const next = node[k];
      if (next && typeof next === "object" && !Array.isArray(next)) node = next;
      else {
        const created: JsonObject = {};
        node[k] = created;
        node = created;
      }
    }
    const list = Array.isArray(node._errors) ? node._errors : [];
    list.push({ code: error.code, message: error.message });
    node._errors = list;
  }
  return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: root } };
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function maxLength(errors: FieldError[], path: (string | number)[], value: Json | undefined, max: number) {
  if (typeof value === "string" && [...value].length > max) {
    errors.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` });
  }
}

const COMPONENTS_V2 = 1 << 15;

/**
 * Validates a message body (channel message, interaction response data, webhook message).
 * `requireContent` is false for edits (PATCH) where every field is optional.
 */
export function validateMessage(
  body: JsonObject,
  opts: { requireContent: boolean; fileCount: number; prefix?: (string | number)[] },
): DiscordError | null {
  const errors: FieldError[] = [];
  const content = body.content;
  if (content !== undefined && content !== null && typeof content !== "string") {
    errors.push({
      path: ["content"],
      code: "STRING_TYPE_CONVERT",
      message: "Could not interpret as string.",
    });
  }
  maxLength(errors, ["content"], content, 2000);

  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > 10) {
    errors.push({
      path: ["embeds"],
      code: "BASE_TYPE_MAX_LENGTH",
      message: "Must be 10 or fewer in length.",
    });
  }
  let embedTotal = 0;
  const count = (value: Json | undefined) => {
    if (typeof value === "string") embedTotal += [...value].length;
  };
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    maxLength(errors, ["embeds", i, "title"], embed.title, 256);
    maxLength(errors, ["embeds", i, "description"], embed.description, 4096);
    count(embed.title);
    count(embed.description);
    if (isObject(embed.footer)) {
      maxLength(errors, ["embeds", i, "footer", "text"], embed.footer.text, 2048);
      count(embed.footer.text);
    }
    if (isObject(embed.author)) {
      maxLength(errors, ["embeds", i, "author", "name"], embed.author.name, 256);
      count(embed.author.name);
    }
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25) {
      errors.push({
        path: ["embeds", i, "fields"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 25 or fewer in length.",
      });
    }
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      for (const key of ["name", "value"] as const) {
        const value = field[key];
        if (typeof value !== "string" || value.length === 0) {
          errors.push({
            path: ["embeds", i, "fields", j, key],
            code: "BASE_TYPE_REQUIRED",
            message: "This field is required",
          });
        }
      }
      maxLength(errors, ["embeds", i, "fields", j, "name"], field.name, 256);
      maxLength(errors, ["embeds", i, "fields", j, "value"], field.value, 1024);
      count(field.name);
      count(field.value);
    });
  });
  if (embedTotal > 6000) {
    errors.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: "Embed size exceeds maximum size of 6000",
    });
  }

  const flags = typeof body.flags === "number" ? body.flags : 0;
  const components = Array.isArray(body.components) ? body.components : [];
  if (!(flags & COMPONENTS_V2)) {
    if (components.length > 5) {
      errors.push({
        path: ["components"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 5 or fewer in length.",
      });
    }
    components.forEach((row, i) => {
      if (!isObject(row)) return;
      const children = Array.isArray(row.components) ? row.components : [];
      if (children.length > 5 || children.length === 0) {
        errors.push({
          path: ["components", i, "components"],
          code: "BASE_TYPE_BAD_LENGTH",
          message: "Must be between 1 and 5 in length.",
        });
      }
      children.forEach((child, j) => {
        if (!isObject(child)) return;
        maxLength(errors, ["components", i, "components", j, "custom_id"], child.custom_id, 100);
        maxLength(errors, ["components", i, "components", j, "label"], child.label, 80);
      });
    });
  }

  const allowed = body.allowed_mentions;
  if (isObject(allowed) && Array.isArray(allowed.parse)) {
    for (const kind of ["users", "roles"] as const) {
      const list = allowed[kind];
      if (allowed.parse.includes(kind) && Array.isArray(list) && list.length > 0) {
        errors.push({
          path: ["allowed_mentions", "parse"],
          code: "SET_TYPE_ALREADY_CONTAINS_VALUE",
          message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
        });
      }
    }
  }

  if (errors.length > 0) return formError(errors, opts.prefix);

  if (opts.requireContent) {
    const hasContent = typeof content === "string" && content.length > 0;
    const hasOther =
      embeds.length > 0 ||
      components.length > 0 ||
      opts.fileCount > 0 ||
      (Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) ||
      isObject(body.poll);
    if (!hasContent && !hasOther) return apiError(400, 50006, "Cannot send an empty message");
  }
  return null;
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateOptions(errors: FieldError[], path: (string | number)[], options: Json | undefined) {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.push({ path, code: "LIST_TYPE_CONVERT", message: "Only iterables may be used in a ListType" });
    return;
  }
  if (options.length > 25) {
    errors.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." });
  }
  const names = new Set<string>();
  let sawOptional = false;
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    const name = option.name;
    if (typeof name !== "string" || !NAME_RE.test(name) || name !== name.toLowerCase()) {
      errors.push({
        path: [...path, i, "name"],
        code: "APPLICATION_COMMAND_INVALID_NAME",
        message: `Command name is invalid`,
      });
    } else if (names.has(name)) {
      errors.push({
        path: [...path, i, "name"],
        code: "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
        message: "Option name already exists",
      });
    }
    if (typeof name === "string") names.add(name);
    const description = option.description;
    if (typeof description !== "string" || description.length < 1 || description.length > 100) {
      errors.push({
        path: [...path, i, "description"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 100 in length.",
      });
    }
    if (option.required === true && sawOptional) {
      errors.push({
        path: [...path, i, "required"],
        code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        message: "Required options must be placed before non-required options",
      });
    }
    if (option.type !== 1 && option.type !== 2 && option.required !== true) sawOptional = true;
    if (Array.isArray(option.choices) && option.choices.length > 25) {
      errors.push({
        path: [...path, i, "choices"],
        code: "BASE_TYPE_MAX_LENGTH",
        message: "Must be 25 or fewer in length.",
      });
    }
    if (option.autocomplete === true && Array.isArray(option.choices) && option.choices.length > 0) {
      errors.push({
        path: [...path, i, "autocomplete"],
        code: "AUTOCOMPLETE_CHOICES_MUTUALLY_EXCLUSIVE",
        message: "Autocomplete cannot be set with choices",
      });
    }
    if (option.type === 1 || option.type === 2)
      validateOptions(errors, [...path, i, "options"], option.options);
  });
}

/** Validates a command create body (one element of a bulk overwrite). */
export function validateCommand(errors: FieldError[], path: (string | number)[], command: Json): void {
  if (!isObject(command)) {
    errors.push({ path, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" });
    return;
  }
  const type = typeof command.type === "number" ? command.type : 1;
  const name = command.name;
  const validName =
    typeof name === "string" &&
    (type === 1 ? NAME_RE.test(name) && name === name.toLowerCase() : name.length >= 1 && name.length <= 32);
  if (!validName) {
    errors.push({
      path: [...path, "name"],
      code: "APPLICATION_COMMAND_INVALID_NAME",
      message: "Command name is invalid",
    });
  }
  if (type === 1) {
    const description = command.description;
    if (typeof description !== "string" || description.length < 1 || description.length > 100) {
      errors.push({
        path: [...path, "description"],
        code: "BASE_TYPE_BAD_LENGTH",
        message: "Must be between 1 and 100 in length.",
      });
    }
    validateOptions(errors, [...path, "options"], command.options);
  }
}
