import { createFormatter } from '../../core/format/format';
import { err, ok } from '../../core/ipc/result';
import type { Actor } from '../services/departure-service';
import type { FlightService } from '../services/flight-service';
import { flightName, flightReportCsv, flightReportPdf } from '../services/flight-report';
import type { PassageService } from '../services/passage-service';
import type { SupervisorDesk } from '../services/supervisor-desk';
import type { CallContext } from './dispatcher';
import type { FlightHandlers } from './handler-types';

function actor(ctx: CallContext): Actor {
  if (!ctx.caller) throw new Error('signed-in command called without a caller');
  return { userId: ctx.caller.userId, role: ctx.caller.role };
}

/** Handlers of core/ipc/flights-contract.ts. */
export function createFlightHandlers(deps: {
  flights: FlightService;
  passages: PassageService;
  supervisor: SupervisorDesk;
  post: { post: { code: string } };
}): FlightHandlers {
  const { flights } = deps;
  return {
    'flights.board': (input) => ok(flights.board(input.date)),
    'flights.setDeparture': (input, ctx) => flights.setDeparture(input, actor(ctx)),
    'flights.close': (input, ctx) => flights.close(input, actor(ctx)),
    'flights.markNoShow': (input, ctx) => flights.markNoShow(input, actor(ctx)),
    'flights.clearNoShow': (input, ctx) => flights.clearNoShow(input, actor(ctx)),
    'flights.reopen': (input, ctx) => flights.reopen(input, actor(ctx)),
    'flights.report': async (input, ctx) => {
      const report = flights.report(input.flightKey);
      if (!report) return err('notFound', 'flights.errors.flightNotFound');
      const content = input.format === 'csv' ? flightReportCsv(report, input.language) : await flightReportPdf(report, input.language);
      const stamp = createFormatter(input.language, report.timeZone).fileStamp(report.generatedAt);
      const name = flightName(report.flight).replace(/[^A-Za-z0-9]+/g, '');
      const fileName = `vol-${deps.post.post.code}-${name}-${report.flight.identity.date}-${stamp}.${input.format}`;
      return ok(deps.supervisor.exports.seal('flight-report', input.format, fileName, input.flightKey, content, actor(ctx)));
    },
    'passage.openForPv': (input, ctx) => deps.passages.openForPv(ctx.clientId, input.pvNumber, actor(ctx)),
  };
}
