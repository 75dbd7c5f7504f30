CREATE TABLE "app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "meeting_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"requester_id" uuid,
	"proposed" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_exceptions" (
	"meeting_id" uuid NOT NULL,
	"occurrence_id" date NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"moved_date" date,
	"moved_start_time" text,
	"moved_duration_minutes" integer,
	"topic" text,
	"literature" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_exceptions_meeting_id_occurrence_id_pk" PRIMARY KEY("meeting_id","occurrence_id")
);
--> statement-breakpoint
ALTER TABLE "group_memberships" ADD COLUMN "agreement_accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "external_key" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "location_notes" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "regions" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "conference_url_notes" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "conference_phone_notes" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "attendance" text DEFAULT 'in_person' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "url" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "external_key" text;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_change_requests" ADD CONSTRAINT "meeting_change_requests_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_change_requests" ADD CONSTRAINT "meeting_change_requests_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_change_requests" ADD CONSTRAINT "meeting_change_requests_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_exceptions" ADD CONSTRAINT "meeting_exceptions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_requests_meeting_idx" ON "meeting_change_requests" USING btree ("meeting_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_external_unique" ON "groups" USING btree ("external_source","external_key");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_external_unique" ON "meetings" USING btree ("external_source","external_key");