"""The office database's schema, changed only by adding migrations here."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("onestop.office")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,              -- office-local date the number belongs to
            service TEXT NOT NULL,          -- current service (changes on transfer)
            original_service TEXT NOT NULL, -- the number's series
            seq INTEGER NOT NULL,           -- the number within the service and day
            label TEXT NOT NULL,            -- what is printed: A023, 1023
            priority TEXT,                  -- priority group code, NULL for regular
            status TEXT NOT NULL,
            issued_at REAL NOT NULL,        -- epoch seconds (UTC)
            queue_key REAL NOT NULL,        -- sets the place in the queue
            first_called_at REAL,
            called_at REAL,                 -- the last call: the one the wait counts to
            call_count INTEGER NOT NULL DEFAULT 0,
            started_at REAL,
            finished_at REAL,
            counter INTEGER,                -- the counter that called it last
            clerk TEXT,
            issued_by TEXT,                 -- device name
            waiting_ahead INTEGER NOT NULL, -- as printed on the ticket
            estimated_wait_s INTEGER NOT NULL,
            requeued INTEGER NOT NULL DEFAULT 0,
            close_reason TEXT,
            UNIQUE (day, original_service, seq)
        );
        -- Live-queue queries touch only open tickets: this index stays small
        -- however many years of history the table holds.
        CREATE INDEX tickets_open ON tickets (day, service)
            WHERE status IN ('waiting', 'called', 'serving');
        CREATE INDEX tickets_day_label ON tickets (day, label);
        CREATE INDEX tickets_recent_done ON tickets (service, finished_at) WHERE status = 'done';

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,         -- the stream's sequence number
            at REAL NOT NULL,
            type TEXT NOT NULL,
            ticket_id INTEGER REFERENCES tickets (id),
            counter INTEGER,
            device TEXT,
            clerk TEXT,
            payload TEXT NOT NULL           -- the message pushed to clients, as JSON
        );
        CREATE INDEX events_ticket ON events (ticket_id);

        CREATE TABLE sequences (
            day TEXT NOT NULL,
            service TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (day, service)
        );

        CREATE TABLE counter_state (
            number INTEGER PRIMARY KEY,
            clerk TEXT,
            signed_in_at REAL,
            paused INTEGER NOT NULL DEFAULT 0,
            pause_reason TEXT,
            paused_at REAL,
            regular_since_priority INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            counter INTEGER,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE clerks (
            username TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at REAL NOT NULL
        );

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


@migrations()
def m002_events_by_type(db: Database) -> None:
    # The lobby's "last calls" and the day boundary are found by event type;
    # without this a year of events is scanned on every /api/state.
    db.execute("CREATE INDEX events_type ON events (type, id)")


@migrations()
def m003_ratings(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets (id),  -- one rating per ticket
            level INTEGER NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',    -- JSON list of reason codes
            dossier_code TEXT,                     -- mã hồ sơ, for the national index; optional
            service TEXT NOT NULL,                 -- copied from the ticket when rated
            counter INTEGER,
            clerk TEXT,
            device TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX ratings_at ON ratings (at);
        """
    )


@migrations()
def m004_print_state_and_alerts(db: Database) -> None:
    db.executescript(
        """
        -- 1 printed, 0 not printed (printer fault: shown on the kiosk's screen instead),
        -- NULL nobody reported (issued by a supervisor, or an older kiosk).
        ALTER TABLE tickets ADD COLUMN printed INTEGER;
        ALTER TABLE tickets ADD COLUMN print_detail TEXT;

        -- Faults devices report (a kiosk's printer out of paper ...), for the supervisor.
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,          -- what the alert is about, e.g. the kiosk's name
            kind TEXT NOT NULL,            -- "printer"
            state TEXT NOT NULL,           -- e.g. paper_out, cover_open, offline
            message_vi TEXT NOT NULL,
            message_en TEXT NOT NULL,
            device TEXT NOT NULL,          -- the device that reported it
            active INTEGER NOT NULL,
            raised_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            cleared_at REAL
        );
        -- One active alert per source and kind; history stays.
        CREATE UNIQUE INDEX alerts_active ON alerts (source, kind) WHERE active = 1;
        """
    )


@migrations()
def m005_tickets_live(db: Database) -> None:
    # The live queries ask for today's tickets in one status (waiting; called or
    # serving at a counter). The partial index tickets_open cannot serve
    # "status = 'waiting'" (SQLite matches partial-index conditions term for
    # term), so late in a busy day they read every ticket of the day; this one
    # goes straight to them (bench/bench_history.py: state() 15 ms → 3 ms).
    db.execute("CREATE INDEX tickets_live ON tickets (status, day, counter)")


@migrations()
def m006_ticket_public_code(db: Database) -> None:
    # The secret in a ticket's QR code: ids are sequential, so the citizen's public page
    # (/t/{id}?c=CODE) needs a per-ticket random code. Existing tickets get one too.
    from server.credentials import new_public_code

    db.execute("ALTER TABLE tickets ADD COLUMN public_code TEXT")
    ids = [row[0] for row in db.execute("SELECT id FROM tickets").fetchall()]
    db.conn.executemany("UPDATE tickets SET public_code = ? WHERE id = ?", [(new_public_code(), i) for i in ids])


@migrations()
def m007_trust(db: Database) -> None:
    db.executescript(
        """
        -- How each rating was made: 'tablet' (the counter's tablet, within its window),
        -- 'kiosk_code' (the ticket's code at a kiosk), 'public_page' (the code on a phone). NULL: before this.
        ALTER TABLE ratings ADD COLUMN path TEXT;

        -- What a clerk may do: 'counter' (sign in at a counter); an office administrator role will follow.
        ALTER TABLE clerks ADD COLUMN role TEXT NOT NULL DEFAULT 'counter';

        -- Wrong PINs per username, known or not (an unknown name must look like a known one).
        -- Kept across restarts: 5 failures lock the name for 5 minutes, each lockout after doubles.
        CREATE TABLE sign_in_failures (
            username TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,    -- since the last lockout or success
            lockouts INTEGER NOT NULL DEFAULT 0,    -- since the last success
            locked_until REAL,
            last_failure_at REAL
        );

        -- A supervisor acknowledges an alert (seen, someone is on it) before it is cleared.
        ALTER TABLE alerts ADD COLUMN acknowledged_at REAL;
        ALTER TABLE alerts ADD COLUMN acknowledged_by TEXT;

        -- Replays stop at the office day's first event: found by time.
        CREATE INDEX events_at ON events (at);

        -- Who did what sensitive, when: written in the transaction of the act, never changed or deleted.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            action TEXT NOT NULL,          -- e.g. sign_in, sign_in_failed, ticket.cancel, device.revoke
            device TEXT,                   -- the calling device, or 'cli' for the command line
            clerk TEXT,                    -- the clerk signed in there, or the username tried
            ticket_id INTEGER,
            detail TEXT NOT NULL DEFAULT '{}'   -- JSON: what else matters (never a PIN, token or code)
        );
        CREATE INDEX audit_at ON audit (at);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """
    )


@migrations()
def m008_procedures(db: Database) -> None:
    # The administrative procedures the office publicises (core/procedures.py), replaced as a whole by
    # an import; their papers in order; and how often each was looked up or its checklist printed.
    db.executescript(
        """
        CREATE TABLE procedures (
            code TEXT PRIMARY KEY,          -- the national procedure code, or the office's own
            position INTEGER NOT NULL,      -- the order of the imported file
            name TEXT NOT NULL,
            name_en TEXT NOT NULL DEFAULT '',
            field TEXT NOT NULL,            -- lĩnh vực, as published
            field_en TEXT NOT NULL DEFAULT '',
            service TEXT,                   -- the office's service whose queue takes it (NULL: none)
            level TEXT NOT NULL,            -- commune | province
            fee TEXT NOT NULL DEFAULT '',   -- '' = not published here (screens say: ask at the counter)
            processing_time TEXT NOT NULL DEFAULT '',
            result_at TEXT NOT NULL DEFAULT '',
            legal_basis TEXT NOT NULL DEFAULT '',
            portal_url TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE procedure_papers (
            procedure TEXT NOT NULL REFERENCES procedures (code) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            copies INTEGER NOT NULL,        -- 0: shown only (xuất trình)
            original INTEGER NOT NULL,      -- 1: the original is needed
            PRIMARY KEY (procedure, position)
        );
        -- Counted per office day; kept when a later import drops the procedure.
        CREATE TABLE procedure_uses (
            day TEXT NOT NULL,
            code TEXT NOT NULL,
            kind TEXT NOT NULL,             -- looked_up | checklist_printed
            count INTEGER NOT NULL,
            PRIMARY KEY (day, code, kind)
        );
        """
    )


@migrations()
def m009_idempotency(db: Database) -> None:
    # The answer to each change a device sent with an Idempotency-Key, written in the change's own
    # transaction: a retry after a lost answer gets this one back, even after a crash (server/storage/idempotency.py).
    db.executescript(
        """
        CREATE TABLE idempotency (
            device TEXT NOT NULL,       -- the device that sent the key: keys are its own
            key TEXT NOT NULL,
            request TEXT NOT NULL,      -- method, path and a hash of the body: a key names one request
            answer TEXT NOT NULL,       -- the JSON answered
            day TEXT NOT NULL,          -- the office day: kept for that day
            at REAL NOT NULL,
            PRIMARY KEY (device, key)
        );
        CREATE INDEX idempotency_day ON idempotency (day);
        """
    )


@migrations()
def m010_device_status(db: Database) -> None:
    # Each device's last report of its version and the state of its parts (server/storage/device_status.py).
    db.executescript(
        """
        CREATE TABLE device_status (
            device TEXT PRIMARY KEY,    -- the device's name (devices.name)
            version TEXT NOT NULL,
            components TEXT NOT NULL,   -- JSON: {name: {state, detail}}
            at REAL NOT NULL
        );
        """
    )


@migrations()
def m011_ticket_wait_range(db: Database) -> None:
    # The range printed with the wait ("25–35 phút"), as said at issue: the statistics
    # count how many citizens were called within it. NULL on tickets printed before
    # (or printed before the estimator's first batch, with the queue-length wait alone).
    # The wait estimator reads today's sign-ins and pauses every few seconds: by type and
    # time, not a scan of every sign-in the office ever had (server/storage/wait_inputs.py).
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN estimated_low_s INTEGER;
        ALTER TABLE tickets ADD COLUMN estimated_high_s INTEGER;
        -- The share of the estimator's simulated futures that called it today (below ~0.9 the range's top
        -- is "not today", and the ticket says so).
        ALTER TABLE tickets ADD COLUMN estimated_called_today REAL;
        CREATE INDEX events_type_at ON events (type, at);
        """
    )


@migrations()
def m012_admin(db: Database) -> None:
    db.executescript(
        """
        -- An administrator's sign-in (clerks.role = 'admin'): a short-lived session for the admin screens.
        CREATE TABLE admin_sessions (
            token_hash TEXT PRIMARY KEY,    -- server/credentials.py token_hash; the token itself is never stored
            username TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            closed INTEGER NOT NULL DEFAULT 0
        );

        -- The live configuration (server/config.py OfficeDocument as JSON), one row per version, never
        -- changed: office.toml seeds version 1, the admin screens and 'onestop config import' add the next.
        CREATE TABLE configuration (
            version INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            device TEXT,                    -- who: the admin session, 'cli', or 'office.toml' for the seed
            clerk TEXT,
            document TEXT NOT NULL
        );

        -- A new device asking to join (it shows the code; an administrator approves it in the admin screens).
        -- The token it then receives is handed over from memory, never stored here.
        CREATE TABLE pairings (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL,             -- 6 digits, shown on the device's screen
            secret_hash TEXT NOT NULL,      -- the device's own secret for asking about its request
            kind TEXT NOT NULL,             -- what the device says it is: kiosk, counter, rating, display, supervisor
            hint TEXT NOT NULL DEFAULT '',  -- its host name, to tell two kiosks apart
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',   -- pending | approved | refused
            device TEXT,                    -- the device it became
            decided_by TEXT
        );
        CREATE INDEX pairings_code ON pairings (code) WHERE state = 'pending';
        """
    )


@migrations()
def m013_appointments(db: Database) -> None:
    # Visits booked ahead at /book (core/appointments.py, server/storage/bookings.py); the ticket a
    # booked citizen gets at the kiosk remembers its slot (the booked-first rule, core/queue.py); each
    # counter counts the booked citizens it called in a row (the walk-ins' starvation cap).
    db.executescript(
        """
        CREATE TABLE bookings (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,      -- the citizen's booking code (its QR), 8 characters
            service TEXT NOT NULL,
            day TEXT NOT NULL,              -- office-local YYYY-MM-DD of the slot
            slot_start REAL NOT NULL,       -- epoch seconds
            name TEXT,                      -- NULL once deleted, 30 days after the slot
            phone TEXT,                     -- digits only; NULL once deleted
            status TEXT NOT NULL,           -- booked | cancelled | checked_in (missed: booked, window over)
            created_at REAL NOT NULL,
            created_from TEXT NOT NULL DEFAULT 'web',   -- web | counter N (a follow-up)
            cancelled_at REAL,
            checked_in_at REAL,
            ticket_id INTEGER REFERENCES tickets (id)
        );
        CREATE INDEX bookings_slot ON bookings (service, slot_start, status);
        CREATE INDEX bookings_day ON bookings (day);
        CREATE INDEX bookings_phone ON bookings (phone, status);
        ALTER TABLE tickets ADD COLUMN booking_id INTEGER REFERENCES bookings (id);
        ALTER TABLE tickets ADD COLUMN booked_slot REAL;
        ALTER TABLE counter_state ADD COLUMN booked_in_row INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations()
def m014_booking_cancel_reason(db: Database) -> None:
    # A supervisor cancelling a booking says why (the office closes that afternoon, a duplicate …);
    # the citizen's own cancellations at /book leave it empty.
    db.executescript(
        """
        ALTER TABLE bookings ADD COLUMN cancel_reason TEXT;
        ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;   -- 'citizen' or the supervisor's device
        """
    )


@migrations()
def m015_device_seen(db: Database) -> None:
    # When each device last asked and with which User-Agent, for the admin screens' device list. The
    # server keeps it in memory and writes what changed at most once a minute (server/office.py
    # SEEN_FLUSH_S), never in a request: it survives a restart at the cost of up to a minute.
    db.executescript(
        """
        ALTER TABLE devices ADD COLUMN last_seen REAL;      -- epoch seconds; NULL: never seen
        ALTER TABLE devices ADD COLUMN user_agent TEXT;     -- its version, as the app sends it
        """
    )


@migrations()
def m016_playlist(db: Database) -> None:
    # The lobby playlist (server/storage/playlist.py): images, videos and text slides in order. Media
    # files live in DATA/media under their content's hash (server/media.py); a row names one.
    db.executescript(
        """
        CREATE TABLE playlist (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,      -- 1, 2, 3 … the order the lobby shows them in
            kind TEXT NOT NULL,             -- image | video | text
            media TEXT,                     -- <sha256>.<ext> in DATA/media (image, video); NULL for text
            media_type TEXT,                -- image/png, image/jpeg, video/mp4, video/webm
            size INTEGER,                   -- the file's bytes
            title TEXT NOT NULL,            -- the admin screens' name for it (the uploaded file's name)
            text_vi TEXT,                   -- a text slide's words
            text_en TEXT,
            duration_s INTEGER,             -- seconds on screen; NULL: a video plays to its end
            show_from TEXT,                 -- HH:MM office-local, or NULL (all day)
            show_to TEXT,
            enabled INTEGER NOT NULL DEFAULT 1,
            added_at REAL NOT NULL
        );
        """
    )
