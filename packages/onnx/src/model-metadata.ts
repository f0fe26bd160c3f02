import { onnx } from 'onnx-proto';

/** The metadata properties (metadata_props) of an encoded ONNX model; ONNX Runtime's Node API does not expose them. */
export function readOnnxMetadata(model: Uint8Array): Record<string, string> {
  const decoded = onnx.ModelProto.decode(model);
  const metadata: Record<string, string> = {};
  for (const { key, value } of decoded.metadataProps) if (key) metadata[key] = value ?? '';
  return metadata;
}
