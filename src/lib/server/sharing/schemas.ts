import { z } from 'zod';
import { audiences } from '../../domain/sharing';
import { clientId, id } from '../forms-schemas';

export const shareInput = z.object({
	clientId,
	audience: z.enum(audiences, { error: 'Please choose who should see this.' })
});

export const itemRef = z.object({ itemId: id });
