import { CasesService } from '../../src/cases';
import { DemoDataService } from '../../src/demo/demo-data.service';
import { useScenarioApp } from '../utils/scenario';

describe('demo data (DEMO_DATA, the embedded default)', () => {
  const s = useScenarioApp();

  it('loads capacity and a running case in every process, without incidents, and only once', async () => {
    const summary = await s.service(DemoDataService).seed();
    expect(summary.skipped).toBe(false);
    expect(summary.facilities).toBeGreaterThan(0);
    expect(Object.keys(summary.processInstances).sort()).toEqual([
      'arrival-reception',
      'complaint-management',
      'employment-toleration',
      'return-management',
      'training-toleration',
    ]);
    // every process has started and waits for a caseworker (or a timer), with no incident
    for (const processId of Object.keys(summary.processInstances)) {
      let keys: string[] = [];
      for (let i = 0; i < 100 && keys.length < summary.processInstances[processId]; i++) {
        keys = await s.instancesOf(processId);
        if (keys.length < summary.processInstances[processId]) await new Promise((r) => setTimeout(r, 50));
      }
      expect({ processId, started: keys.length }).toEqual({
        processId,
        started: summary.processInstances[processId],
      });
      for (const key of keys) {
        const open = await s.openUserTasks(key);
        expect({ processId, incidents: await s.incidents(key), waiting: open.length > 0 }).toEqual({
          processId,
          incidents: [],
          waiting: true,
        });
      }
    }
    const persons = await s.inContext(() =>
      s.orm.em.getConnection().execute<{ n: string }[]>('select count(*) as n from person'),
    );
    expect(Number(persons[0].n)).toBeGreaterThanOrEqual(7);
    const tolerated = await s.inContext(() =>
      s.orm.em
        .getConnection()
        .execute<{ id: string }[]>(`select id from person where family_name = 'Demo-Gashi'`),
    );
    expect((await s.service(CasesService).processLinks(tolerated[0].id)).map((l) => l.bpmnProcessId)).toEqual(
      ['employment-toleration'],
    );

    expect((await s.service(DemoDataService).seed()).skipped).toBe(true);
  });
});
