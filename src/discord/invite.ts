import { config as loadDotenv } from "dotenv";
import { configOrExit } from "../app/config.js";
import { inviteUrl } from "./registration.js";

/** `npm run invite`: the URL that adds the bot to a server with the permissions it needs. */
loadDotenv({ quiet: true });
const config = configOrExit(process.env, ["DISCORD_CLIENT_ID"]);
console.log(inviteUrl(config.clientId ?? ""));
