ALTER TABLE "warranty" DROP CONSTRAINT "warranty_unit_id_unit_id_fk";
--> statement-breakpoint
-- A card's unit is checked once per statement (see warranty.unit_id in schema/warranty.ts): every
-- card of the statement must name an existing unit, or foreign_key_violation (23503) is raised.
-- Unlike a key's check it locks nothing; instead a unit's deletion (the guard below) waits for
-- every transaction that may be adding cards. The probes are pinned to the
-- unit's primary key: statistics of a table that was empty a minute ago must not turn them into
-- scans of the whole table.
CREATE FUNCTION "warranty_unit_check"() RETURNS trigger LANGUAGE plpgsql
	SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
	missing integer;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		SELECT count(*) INTO missing FROM new_cards n JOIN old_cards o ON o.id = n.id
			WHERE o.unit_id IS DISTINCT FROM n.unit_id
				AND NOT EXISTS (SELECT 1 FROM "unit" u WHERE u.id = n.unit_id);
	ELSE
		SELECT count(*) INTO missing FROM new_cards n
			WHERE NOT EXISTS (SELECT 1 FROM "unit" u WHERE u.id = n.unit_id);
	END IF;
	IF missing > 0 THEN
		RAISE foreign_key_violation USING
			MESSAGE = 'insert or update on table "warranty" violates foreign key constraint "warranty_unit_id_unit_id_fk"',
			DETAIL = 'A warranty refers to a unit that does not exist.',
			TABLE = 'warranty', CONSTRAINT = 'warranty_unit_id_unit_id_fk';
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "warranty_unit_check_insert" AFTER INSERT ON "warranty"
	REFERENCING NEW TABLE AS new_cards FOR EACH STATEMENT EXECUTE FUNCTION "warranty_unit_check"();
--> statement-breakpoint
CREATE TRIGGER "warranty_unit_check_update" AFTER UPDATE ON "warranty"
	REFERENCING OLD TABLE AS old_cards NEW TABLE AS new_cards FOR EACH STATEMENT EXECUTE FUNCTION "warranty_unit_check"();
--> statement-breakpoint
-- The other half: a unit that cards name cannot be deleted (or renumbered). Since adding a card
-- locks no unit, the guard first takes SHARE on "warranty", which waits for every transaction
-- that is writing cards and holds off new ones until this one ends, then looks with a fresh
-- snapshot. The app never deletes units (a physical item stays on file), so the lock is rare.
CREATE FUNCTION "unit_cards_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN RETURN NEW; END IF;
	LOCK TABLE "warranty" IN SHARE MODE;
	IF EXISTS (SELECT 1 FROM "warranty" w WHERE w.unit_id = OLD.id) THEN
		RAISE foreign_key_violation USING
			MESSAGE = 'update or delete on table "unit" violates foreign key constraint "warranty_unit_id_unit_id_fk" on table "warranty"',
			DETAIL = format('Key (id)=(%s) is still referenced from table "warranty".', OLD.id),
			TABLE = 'unit', CONSTRAINT = 'warranty_unit_id_unit_id_fk';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "unit_cards_guard" BEFORE DELETE OR UPDATE OF "id" ON "unit"
	FOR EACH ROW EXECUTE FUNCTION "unit_cards_guard"();
