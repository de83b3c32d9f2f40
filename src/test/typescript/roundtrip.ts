// The round trips of GeneratedTypeScriptClientTest, run with Node against the service under test:
//   node roundtrip.js <base URL>
// It uses the client OpenAPI Generator's typescript-fetch makes from the served document, as is, and prints
// one line per step; any failed expectation throws, and the process exits non-zero.
import {
    AuditApi, Configuration, DiagnosesApi, Modality, ProblemFromJSON, ResponseError, RulesApi, TransferCase,
} from './client';

// the little of Node's API used here, declared rather than installing @types/node
declare const process: { argv: string[]; exit(code: number): never };

const basePath = process.argv[2];

function as(user: string): Configuration {
    // the %test profile's users have their names as passwords
    return new Configuration({ basePath, username: user, password: user });
}

function expect(condition: boolean, what: string): void {
    if (!condition) {
        throw new Error('expected ' + what);
    }
}

function minimalCase(labeledExamples: number): TransferCase {
    return { source: { modality: Modality.Image }, target: { modality: Modality.Image, labeledExamples } };
}

async function main(): Promise<void> {
    const diagnoses = new DiagnosesApi(as('client'));
    const created = await diagnoses.createDiagnosisRaw({ transferCase: minimalCase(300) });
    expect(created.raw.status === 201, '201 for a minimal case, got ' + created.raw.status);
    const diagnosis = await created.value();
    expect(!!diagnosis.id && (diagnosis.trace ?? []).length > 0, 'an id and a trace');
    console.log('created ' + diagnosis.id + ' strategy ' + diagnosis.recommendation?.strategy);

    const again = await diagnoses.getDiagnosis({ id: diagnosis.id! });
    expect(again.id === diagnosis.id, 'the same diagnosis read back');
    expect(JSON.stringify(again.findings) === JSON.stringify(diagnosis.findings), 'the same findings read back');
    console.log('read back ' + again.id);

    try {
        await diagnoses.createDiagnosis({ transferCase: minimalCase(-5) });
        throw new Error('expected a 400 for a negative count');
    } catch (e) {
        expect(e instanceof ResponseError, 'a ResponseError, got ' + e);
        const response = (e as ResponseError).response;
        expect(response.status === 400, '400, got ' + response.status);
        const problem = ProblemFromJSON(await response.json());
        const fields = (problem.errors ?? []).map(error => error.field);
        expect(fields.includes('/target/labeledExamples'), 'errors naming /target/labeledExamples, got ' + fields);
        console.log('rejected ' + fields.join(','));
    }

    const audit = new AuditApi(as('auditor'));
    const page = await audit.listAuditRecords({ limit: 50 });
    expect(page.items!.some(item => item.id === diagnosis.id), 'the diagnosis among the audit records');
    const record = await audit.getAuditRecord({ id: diagnosis.id! });
    expect(record.diagnosis?.id === diagnosis.id && record.request?.['target']?.['labeledExamples'] === 300, 'its record');
    console.log('audited ' + record.id);

    const rules = await new RulesApi(as('author')).getRules();
    expect(/^[0-9a-f]{64}$/.test(rules.version ?? '') && (rules.rules ?? []).length > 0, 'the serving rules');
    console.log('rules ' + rules.version + ' ' + rules.rules!.length);
}

main().then(() => console.log('ok'), error => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
});
