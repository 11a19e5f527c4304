import type { OccupancyData, Room, Subscription } from '@ably/chat';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomFeature } from './room-feature.js';

/** How many connections are in the room now (Chat occupancy events, CHA-O). */
export class OccupancyController implements ReactiveController, RoomFeature {
  occupancy?: OccupancyData;
  private _subscription?: Subscription;

  constructor(private readonly _host: ReactiveControllerHost) {
    _host.addController(this);
  }

  hostConnected(): void {}

  prepare(room: Room): void {
    this._subscription = room.occupancy.subscribe((event) => {
      this.occupancy = event.occupancy;
      this._host.requestUpdate();
    });
  }

  stop(): void {
    this._subscription?.unsubscribe();
    this._subscription = undefined;
    this.occupancy = undefined;
  }
}
