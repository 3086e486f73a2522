import {expect} from 'chai'

import {mapBounded, mapBoundedInOrder} from '../../src/lib/bounded.js'

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of source) out.push(item)
  return out
}

describe('mapBoundedInOrder', () => {
  it('keeps at most `limit` calls in flight, yields in input order however the calls finish, and counts each', async () => {
    let running = 0
    let peak = 0
    const progress: Array<[number, number]> = []
    const out = await collect(
      mapBoundedInOrder(
        Array.from({length: 40}, (_, i) => i),
        6,
        async (i) => {
          running++
          peak = Math.max(peak, running)
          // The first items finish last.
          await sleep(i < 3 ? 30 : (i * 7) % 5)
          running--
          return `r${i}`
        },
        (done, total) => progress.push([done, total]),
      ),
    )
    expect(out).to.deep.equal(Array.from({length: 40}, (_, i) => `r${i}`))
    expect(peak).to.equal(6)
    expect(progress.map(([done]) => done)).to.deep.equal(Array.from({length: 40}, (_, i) => i + 1))
    expect(progress.every(([, total]) => total === 40)).to.equal(true)
  })

  it('yields the first results before the last calls have finished', async () => {
    let finished = 0
    const seenAt: number[] = []
    for await (const value of mapBoundedInOrder([0, 1, 2, 3], 2, async (i) => {
      await sleep(i * 20)
      finished++
      return i
    })) {
      seenAt.push(value === 0 ? finished : -1)
    }

    expect(seenAt[0]).to.be.below(4)
  })

  it('after a failure starts no new call, waits for those in flight, then throws the first error', async () => {
    let started = 0
    let inFlight = 0
    const error = await collect(
      mapBoundedInOrder(
        Array.from({length: 100}, (_, i) => i),
        4,
        async (i) => {
          started++
          inFlight++
          await sleep(5)
          inFlight--
          if (i === 2) throw new Error('boom 2')
          if (i === 3) throw new Error('boom 3')
          return i
        },
      ),
    ).catch((error_: Error) => error_)
    expect((error as Error).message).to.equal('boom 2')
    expect(inFlight).to.equal(0)
    expect(started).to.be.below(12)
  })

  it('a call that throws before its first await is that item failing, not a crash', async () => {
    const error = await collect(
      mapBoundedInOrder([1, 2], 2, (i) => {
        if (i === 2) throw new Error('sync boom')
        return Promise.resolve(i)
      }),
    ).catch((error_: Error) => error_)
    expect((error as Error).message).to.equal('sync boom')
  })

  it('a consumer that stops early leaves no call running behind it', async () => {
    let started = 0
    let inFlight = 0
    for await (const value of mapBoundedInOrder(
      Array.from({length: 50}, (_, i) => i),
      5,
      async (i) => {
        started++
        inFlight++
        await sleep(5)
        inFlight--
        return i
      },
    )) {
      if (value === 1) break
    }

    expect(inFlight).to.equal(0)
    expect(started).to.be.below(15)
  })

  it('an empty list yields nothing and a limit below 1 still makes progress', async () => {
    expect(await collect(mapBoundedInOrder([], 4, async (i: number) => i))).to.deep.equal([])
    expect(await collect(mapBoundedInOrder([1, 2, 3], 0, async (i) => i * 10))).to.deep.equal([10, 20, 30])
  })
})

describe('mapBounded: the stream collected into an array', () => {
  it('never runs more than the limit at once and keeps input order', async () => {
    let running = 0
    let peak = 0
    const seen: number[] = []
    const out = await mapBounded(
      Array.from({length: 50}, (_, i) => i),
      8,
      async (i) => {
        running++
        peak = Math.max(peak, running)
        await new Promise((r) => {
          setTimeout(r, (i * 7) % 5)
        })
        running--
        return i * 2
      },
      (done) => seen.push(done),
    )
    expect(peak).to.equal(8)
    expect(out).to.deep.equal(Array.from({length: 50}, (_, i) => i * 2))
    expect(seen.at(-1)).to.equal(50)
  })
})
