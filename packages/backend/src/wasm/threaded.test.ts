import { loadThreadedWasm } from './threaded';

test('gives up instead of hanging when the pthread workers do not come up in time', async () => {
  await expect(loadThreadedWasm(2, 1)).rejects.toThrow('pthread workers did not start within 1 ms');
});
