ALTER TABLE "unit" DROP CONSTRAINT "unit_product_id_product_id_fk";
--> statement-breakpoint
DROP INDEX "unit_owner_idx";--> statement-breakpoint
DROP INDEX "warranty_customer_idx";--> statement-breakpoint
ALTER TABLE "unit" ALTER COLUMN "serial_norm" SET DATA TYPE text collate "C";--> statement-breakpoint
ALTER TABLE "warranty" ALTER COLUMN "serial_norm" SET DATA TYPE text collate "C";--> statement-breakpoint
CREATE INDEX "unit_owner_idx" ON "unit" USING btree ("owner_id") WHERE "unit"."owner_id" is not null;--> statement-breakpoint
CREATE INDEX "warranty_customer_idx" ON "warranty" USING btree ("customer_id") WHERE "warranty"."customer_id" is not null;--> statement-breakpoint
-- A unit's product is checked once per statement instead of once per row (see unit.product_id in
-- schema/catalog.ts). Like the foreign key it replaces, the check locks each product it relies on
-- FOR KEY SHARE, so a concurrent delete of that product waits for this transaction and then sees
-- its units; and it raises foreign_key_violation (23503), which callers already recognise.
CREATE FUNCTION "unit_product_check"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	wanted integer;
	present integer;
BEGIN
	IF TG_OP = 'UPDATE' THEN
		SELECT count(DISTINCT n.product_id) INTO wanted
			FROM new_units n JOIN old_units o ON o.id = n.id
			WHERE o.product_id IS DISTINCT FROM n.product_id;
		IF wanted = 0 THEN RETURN NULL; END IF;
		SELECT count(*) INTO present FROM (
			SELECT 1 FROM "product" p
			WHERE p.id IN (SELECT n.product_id FROM new_units n JOIN old_units o ON o.id = n.id
				WHERE o.product_id IS DISTINCT FROM n.product_id)
			FOR KEY SHARE OF p) locked;
	ELSE
		SELECT count(DISTINCT product_id) INTO wanted FROM new_units;
		SELECT count(*) INTO present FROM (
			SELECT 1 FROM "product" p WHERE p.id IN (SELECT product_id FROM new_units) FOR KEY SHARE OF p
		) locked;
	END IF;
	IF present < wanted THEN
		RAISE foreign_key_violation USING
			MESSAGE = 'insert or update on table "unit" violates foreign key constraint "unit_product_id_product_id_fk"',
			DETAIL = 'A unit refers to a product that does not exist.',
			TABLE = 'unit', CONSTRAINT = 'unit_product_id_product_id_fk';
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "unit_product_check_insert" AFTER INSERT ON "unit"
	REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION "unit_product_check"();
--> statement-breakpoint
CREATE TRIGGER "unit_product_check_update" AFTER UPDATE ON "unit"
	REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION "unit_product_check"();
--> statement-breakpoint
-- The other half of the key: a product that units still name cannot be deleted (or renumbered).
CREATE FUNCTION "product_units_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN RETURN NEW; END IF;
	IF EXISTS (SELECT 1 FROM "unit" u WHERE u.product_id = OLD.id) THEN
		RAISE foreign_key_violation USING
			MESSAGE = 'update or delete on table "product" violates foreign key constraint "unit_product_id_product_id_fk" on table "unit"',
			DETAIL = format('Key (id)=(%s) is still referenced from table "unit".', OLD.id),
			TABLE = 'product', CONSTRAINT = 'unit_product_id_product_id_fk';
	END IF;
	IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "product_units_guard" BEFORE DELETE OR UPDATE OF "id" ON "product"
	FOR EACH ROW EXECUTE FUNCTION "product_units_guard"();
