CREATE TABLE "attendance" (
	"meeting_id" uuid NOT NULL,
	"occurrence_id" date NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"first_joined_at" timestamp with time zone,
	"last_left_at" timestamp with time zone,
	"seconds_present" integer DEFAULT 0 NOT NULL,
	"open_since" timestamp with time zone,
	"marked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_meeting_id_occurrence_id_user_id_pk" PRIMARY KEY("meeting_id","occurrence_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "survey_answered" (
	"meeting_id" uuid NOT NULL,
	"occurrence_id" date NOT NULL,
	"user_id" uuid NOT NULL,
	"answer_ref" text,
	"link_until" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_answered_meeting_id_occurrence_id_user_id_pk" PRIMARY KEY("meeting_id","occurrence_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"occurrence_id" date NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"created_on" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answered" ADD CONSTRAINT "survey_answered_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answered" ADD CONSTRAINT "survey_answered_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_answers" ADD CONSTRAINT "survey_answers_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_user_starts" ON "attendance" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "attendance_open" ON "attendance" USING btree ("meeting_id","occurrence_id","open_since");--> statement-breakpoint
CREATE INDEX "survey_answers_occurrence" ON "survey_answers" USING btree ("meeting_id","occurrence_id");