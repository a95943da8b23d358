export { createHidPosScanner, hidDeviceId, matchesHidConfig, type HidPosScanner, type HidPosScannerDeps } from './hid-pos-scanner';
export { createNodeHidBackend, type HidBackend, type HidDeviceDescriptor, type HidHandle } from './hid-backend';
export { createHidPosAssembler, encodeHidPosReports, parseHexReports, type AssembledPayload } from './report-assembler';
export { createFakeHid, type FakeHid } from './fake-hid';
