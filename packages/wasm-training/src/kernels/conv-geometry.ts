/**
 * Element strides of an NHWC or NCHW rank-4 tensor, so the loops below index both layouts.
 */
export interface Layout4D {
  batch: number;
  row: number;
  col: number;
  channel: number;
}

/** Strides of `[N, H, W, C]` (channelsLast) or `[N, C, H, W]` (channelsFirst) data of logical size N×H×W×C. */
export function layoutOf(
  dataFormat: 'channelsLast' | 'channelsFirst',
  height: number,
  width: number,
  channels: number,
): Layout4D {
  if (dataFormat === 'channelsLast') {
    return { batch: height * width * channels, row: width * channels, col: channels, channel: 1 };
  }
  return { batch: channels * height * width, row: width, col: 1, channel: height * width };
}
