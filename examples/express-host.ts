import express from "express";
import { openTessera, requireSession, tesseraRouter } from "@tessera/express";

// Opens the store and checks every option at once: here MongoDB, or memory: for a try-out.
const tessera = await openTessera({ store: process.env.DATABASE_URL ?? "memory:" });

const app = express();
app.use(express.json()); // your own parser, if you have one: Tessera works before or after it
app.use("/auth", tesseraRouter(tessera)); // POST /auth/api/users/register, /login, /logout, ...

// A route of your own, for signed-in users only: req.auth is { user, session }.
app.get("/api/notes", requireSession(tessera), (req, res) => {
  res.json({ owner: req.auth!.user.email, notes: [] });
});

const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => void tessera.close()));
