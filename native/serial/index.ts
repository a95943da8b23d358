export { createSerialScanner, listSerialPorts, serialDeviceId, type SerialScanner, type SerialScannerDeps } from './serial-scanner';
export { createSerialportBackend, createStreamSerialBackend, type SerialBackend, type SerialLink } from './serial-backend';
export { createLineFramer, createRecordAssembler, type FramerItem } from './framer';
