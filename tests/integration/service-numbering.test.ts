import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, schema } from '#lib/server/db';
import { receiveInTx, receiveRequest } from '#lib/server/service/reception';
import { receiveSchema } from '#lib/server/service/schemas';
import { buildWorld, type World } from './service-fixtures';

let world: World;

beforeAll(async () => {
	world = await buildWorld();
});

function seqOf(formNumber: string): number {
	return Number(formNumber.slice(formNumber.lastIndexOf('-') + 1));
}

describe('form numbers', () => {
	it('stay unique and gapless when 20 receptions run at once at 3 counters', async () => {
		const units = [];
		for (let i = 0; i < 20; i++) units.push(await world.newWarrantedUnit());
		const receptionists = [world.actors.reception, world.actors.reception, world.actors.supervisor];
		const requests = await Promise.all(
			units.map(({ warranty }, i) =>
				receiveRequest(receptionists[i % 3]!, {
					by: 'warranty_serial',
					key: warranty.serial,
					branchId: world.branchA.id,
					counterId: world.counters[i % 3]!.id,
					complaint: 'یخچال برفک می‌زند'
				})
			)
		);
		const numbers = requests.map((r) => r.formNumber);
		expect(new Set(numbers).size).toBe(20);
		const seqs = requests.map((r) => r.seq).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(seqs);
		expect(new Set(requests.map((r) => r.counterId)).size).toBe(3);
	});

	it('gives a rolled-back reception’s number to the next one', async () => {
		const db = await getDb();
		const [last] = await db
			.select({ seq: schema.serviceRequests.seq })
			.from(schema.serviceRequests)
			.where(eq(schema.serviceRequests.branchId, world.branchA.id))
			.orderBy(schema.serviceRequests.seq);
		const before = (
			await db
				.select()
				.from(schema.serviceRequests)
				.where(eq(schema.serviceRequests.branchId, world.branchA.id))
		).length;
		expect(last).toBeDefined();
		const { warranty } = await world.newWarrantedUnit();
		const input = receiveSchema.parse({
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		await expect(
			db.transaction(async (tx) => {
				await receiveInTx({ tx, actor: world.actors.reception, now: new Date() }, input);
				throw new Error('printer jammed');
			})
		).rejects.toThrow('printer jammed');
		const next = await receiveRequest(world.actors.reception, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		expect(next.seq).toBe(before + 1);
	});

	it('numbers each branch on its own', async () => {
		const { warranty } = await world.newWarrantedUnit();
		const other = await receiveRequest(world.actors.receptionB, {
			by: 'warranty_serial',
			key: warranty.serial,
			complaint: 'x'
		});
		expect(other.seq).toBe(1);
		expect(other.formNumber.startsWith(world.branchB.code)).toBe(true);
	});
});
