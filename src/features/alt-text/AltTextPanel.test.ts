import { describe, expect, it } from 'vitest';
import { imageName, rowNames } from './AltTextPanel';

const item = (src: string, kind: Parameters<typeof imageName>[0]['kind'] = 'img', width = 320, height = 200) => ({ src, kind, width, height });

describe('names of the images in the side panel', () => {
  it('uses the file name without its query or fragment', () => {
    expect(imageName(item('https://cdn.example.com/photos/5.png?w=320&h=200'))).toBe('5.png');
    expect(imageName(item('/a/b/sunset%20beach.jpg#x'))).toBe('sunset beach.jpg');
    expect(imageName(item('https://example.com/'))).toBe('example.com');
  });

  it('names an image without a file name by its kind and size', () => {
    expect(imageName(item('data:image/png;base64,AAAA', 'img', 64, 64))).toBe('inline image 64×64');
    expect(imageName(item('blob:https://example.com/1234', 'img', 10, 20))).toBe('generated image 10×20');
    expect(imageName(item('', 'svg', 24, 24))).toBe('drawing 24×24');
    expect(imageName(item('', 'role-img', 0, 0))).toBe('picture');
    expect(imageName(item('/regions/europe.html', 'area'))).toBe('map area europe.html');
  });

  it('never gives two rows one name, so fields and buttons stay apart', () => {
    const names = rowNames([
      item('https://cdn.example.com/5.png?w=320&h=200'),
      item('https://cdn.example.com/5.png?w=640&h=400'),
      item('https://cdn.example.com/6.png?w=320&h=200'),
      item('https://other.example.com/5.png'),
    ]);
    expect(names).toEqual(['5.png', '5.png (2)', '6.png', '5.png (3)']);
    expect(new Set(names).size).toBe(names.length);
  });
});
